#include "WrappingCheckBox.h"

#include <QLabel>
#include <QResizeEvent>
#include <QStyle>

#include <algorithm>

WrappingCheckBox::WrappingCheckBox(QWidget *parent)
    : QCheckBox(parent)
    , m_label(new QLabel(this))
{
    m_label->setObjectName(QStringLiteral("statementLabel"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    // Clicks on the text reach the check box, as with a plain QCheckBox.
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

WrappingCheckBox::~WrappingCheckBox() = default;

void WrappingCheckBox::setStatement(const QString &text, const QString &accessibleText)
{
    m_label->setText(text);
    setAccessibleName(accessibleText);
    updateGeometry();
}

QString WrappingCheckBox::statement() const
{
    return m_label->text();
}

int WrappingCheckBox::indent() const
{
    return style()->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, this)
        + style()->pixelMetric(QStyle::PM_CheckBoxLabelSpacing, nullptr, this) + 4;
}

int WrappingCheckBox::heightForWidth(int width) const
{
    const int indicator = style()->pixelMetric(QStyle::PM_IndicatorHeight, nullptr, this);
    return std::max(indicator, m_label->heightForWidth(std::max(1, width - indent()))) + 4;
}

QSize WrappingCheckBox::sizeHint() const
{
    const int width = indent() + std::min(m_label->sizeHint().width(), 560);
    return { width, heightForWidth(width) };
}

QSize WrappingCheckBox::minimumSizeHint() const
{
    const int width = indent() + 200;
    return { width, heightForWidth(width) };
}

bool WrappingCheckBox::hitButton(const QPoint &pos) const
{
    return rect().contains(pos);
}

void WrappingCheckBox::resizeEvent(QResizeEvent *event)
{
    QCheckBox::resizeEvent(event);
    const int width = std::max(1, event->size().width() - indent());
    m_label->setGeometry(indent(), 2, width, m_label->heightForWidth(width));
}
