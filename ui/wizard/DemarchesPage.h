#pragma once

#include <QList>
#include <QWizardPage>

class MandatWizard;
class QCheckBox;
class QLabel;

/// Step 1: the démarches the mandat covers, among those the organisation allows.
class DemarchesPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemarchesPage)

public:
    explicit DemarchesPage(MandatWizard *wizard);
    ~DemarchesPage() override;

    /// The ticked démarches' codes, in catalogue order.
    QStringList selectedDemarches() const;
    /// Ticks exactly these démarches (those the organisation allows).
    void setSelectedDemarches(const QStringList &codes);
    bool isComplete() const override;
    bool validatePage() override { return isComplete(); }

private:
    void updateArgentWarning();

    MandatWizard *m_wizard = nullptr;
    QList<QCheckBox *> m_checkBoxes;
    QLabel *m_argentWarningLabel = nullptr;
};
