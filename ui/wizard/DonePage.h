#pragma once

#include <QWizardPage>

class MandatTranslationChooser;
class MandatWizard;
class QLabel;
class QPushButton;

/// Step 5: the mandat is saved; print it or save it as PDF for the usager.
class DonePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DonePage)

public:
    explicit DonePage(MandatWizard *wizard);
    ~DonePage() override;

    void initializePage() override;

private:
    void print();
    void savePdf();

    MandatWizard *m_wizard = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QLabel *m_messageLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_printButton = nullptr;
    QPushButton *m_pdfButton = nullptr;
    MandatTranslationChooser *m_translationChooser = nullptr;
};
