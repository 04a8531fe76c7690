#pragma once

#include <QPointer>
#include <QWizardPage>

class MandatWizard;
class QButtonGroup;
class QCheckBox;
class QLabel;
class WrappingCheckBox;

/// Step 2: the mandat's duration and whether it is signed remotely; "Suivant" creates the draft.
class DureePage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DureePage)

public:
    explicit DureePage(MandatWizard *wizard);
    ~DureePage() override;

    /// The chosen duration's keyword (empty while none is chosen).
    QString duration() const;
    bool isRemote() const;
    bool isRemoteConsentCertified() const;
    bool isBusy() const { return m_busy; }

    bool isComplete() const override;
    /// Creates the draft on the server; the wizard moves on when the answer comes (validatePage
    /// cannot wait), errors stay on this page with every choice kept.
    bool validatePage() override;
    int nextId() const override;

private:
    void setBusy(bool busy);
    void updateRemote();

    MandatWizard *m_wizard = nullptr;
    QButtonGroup *m_durationGroup = nullptr;
    QCheckBox *m_remoteCheckBox = nullptr;
    WrappingCheckBox *m_remoteConsentCheckBox = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    bool m_busy = false;
    /// Where the keyboard was when the request left, to come back there.
    QPointer<QWidget> m_focusBeforeBusy;
};
